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

// merchantPost POSTs a JSON body to the merchant API and returns the reply as it came; a refusal comes
// back as its problem code and words.
func merchantPost(platformURL, apiKey, path string, body any, headers map[string]string) (string, error) {
	payload, _ := json.Marshal(body)
	request, err := http.NewRequest("POST", platformURL+path, bytes.NewReader(payload))
	if err != nil {
		return "", err
	}
	request.Header.Set("authorization", "Bearer "+apiKey)
	request.Header.Set("content-type", "application/json")
	for name, value := range headers {
		request.Header.Set(name, value)
	}
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

// AnswerShopper answers the shopper who wrote about a payment (the payment.message_received event)
// and returns the conversation as the platform sends it.
func AnswerShopper(platformURL, apiKey, paymentID, text string) (string, error) {
	return merchantPost(platformURL, apiKey, "/v1/merchant/payments/"+url.PathEscape(paymentID)+"/messages",
		map[string]string{"text": text}, nil)
}

// ChargeAgreement charges under a password-free agreement (the agreement.created event) and returns
// the payment; reuse the idempotency key when retrying.
func ChargeAgreement(platformURL, apiKey, agreementID, key, orderID string, amount int64) (string, error) {
	return merchantPost(platformURL, apiKey, "/v1/merchant/agreements/"+url.PathEscape(agreementID)+"/charges",
		map[string]any{"orderId": orderID, "amount": amount}, map[string]string{"idempotency-key": key})
}
