package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// AnswerShopper answers the shopper who wrote about a payment (the payment.message_received event)
// and returns the conversation as the platform sends it; a refusal comes back as its problem code.
func AnswerShopper(platformURL, apiKey, paymentID, text string) (string, error) {
	body, _ := json.Marshal(map[string]string{"text": text})
	request, err := http.NewRequest("POST", platformURL+"/v1/merchant/payments/"+url.PathEscape(paymentID)+"/messages", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	request.Header.Set("authorization", "Bearer "+apiKey)
	request.Header.Set("content-type", "application/json")
	response, err := (&http.Client{Timeout: 10 * time.Second}).Do(request)
	if err != nil {
		return "", err
	}
	defer response.Body.Close()
	reply, err := io.ReadAll(response.Body)
	if err != nil {
		return "", err
	}
	if response.StatusCode/100 != 2 {
		var problem struct{ Code, Detail string }
		json.Unmarshal(reply, &problem)
		return "", fmt.Errorf("%s: %s", problem.Code, problem.Detail)
	}
	return string(reply), nil
}
