package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
)

// checkVectors runs this file's functions on merchant/spec/test-vectors.json.
func checkVectors(path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var v struct {
		CheckoutTag struct {
			PrivateJWK, PublicJWK                 JWK
			HeaderJSON, PayloadJSON, SigningInput string
			Tag                                   string
		}
		Webhook, StandardWebhooksExample struct {
			Secret, ID, Body, Signature string
			Timestamp                   int64
		}
		IDToken struct {
			JWKS                                    JWKS
			Token, Issuer, Audience, Nonce, Subject string
		}
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	tag := v.CheckoutTag
	if signingInput([]byte(tag.HeaderJSON), []byte(tag.PayloadJSON)) != tag.SigningInput {
		return errors.New("signing input differs")
	}
	if _, err := verifyES256(tag.Tag, publicKey(tag.PublicJWK)); err != nil {
		return fmt.Errorf("vector tag: %w", err)
	}
	ours, _ := SignCheckoutTag(Key{"m_x", "k_x", tag.PrivateJWK}, map[string]any{"orderId": "o"})
	if _, err := verifyES256(ours, publicKey(tag.PublicJWK)); err != nil {
		return fmt.Errorf("own tag: %w", err)
	}
	for _, hook := range []struct {
		Secret, ID, Body, Signature string
		Timestamp                   int64
	}{v.Webhook, v.StandardWebhooksExample} {
		if WebhookSignature(hook.Secret, hook.ID, hook.Timestamp, hook.Body) != hook.Signature {
			return errors.New("webhook signature differs")
		}
	}
	id := v.IDToken
	shopper, err := VerifyIDToken(id.Token, id.Issuer, id.Audience, id.Nonce, &id.JWKS)
	if err != nil || shopper.Subject != id.Subject {
		return fmt.Errorf("ID token: %v", err)
	}
	return nil
}

func run(args []string) (string, error) {
	if len(args) < 2 || (args[0] == "sign" && len(args) < 3) {
		return "", errors.New("usage: pouchshop sign KEY_JSON ORDER_JSON | webhook SECRET < DELIVERY_JSON | id-token REQUEST_JSON | answer REQUEST_JSON | charge REQUEST_JSON | vectors FILE")
	}
	switch args[0] {
	case "sign":
		var key Key
		var order map[string]any
		if err := json.Unmarshal([]byte(args[1]), &key); err != nil {
			return "", fmt.Errorf("sign: KEY_JSON: %w", err)
		}
		if err := json.Unmarshal([]byte(args[2]), &order); err != nil {
			return "", fmt.Errorf("sign: ORDER_JSON: %w", err)
		}
		return SignCheckoutTag(key, order)
	case "webhook":
		var delivery struct {
			RawBody string            `json:"rawBody"`
			Headers map[string]string `json:"headers"`
		}
		if err := json.NewDecoder(os.Stdin).Decode(&delivery); err != nil {
			return "", fmt.Errorf("webhook: stdin is not {\"rawBody\", \"headers\"}: %w", err)
		}
		headers := map[string]string{}
		for name, value := range delivery.Headers {
			headers[strings.ToLower(name)] = value
		}
		return delivery.RawBody, VerifyWebhook(args[1], delivery.RawBody, headers)
	case "id-token":
		var r struct{ IDToken, PlatformURL, MerchantID, Nonce string }
		if err := json.Unmarshal([]byte(args[1]), &r); err != nil {
			return "", fmt.Errorf("id-token REQUEST_JSON: %w", err)
		}
		shopper, err := VerifyIDToken(r.IDToken, r.PlatformURL, r.MerchantID, r.Nonce, nil)
		if err != nil {
			return "", err
		}
		printed, err := json.Marshal(shopper)
		return string(printed), err
	case "answer":
		var r struct{ PlatformURL, APIKey, PaymentID, Text string }
		if err := json.Unmarshal([]byte(args[1]), &r); err != nil {
			return "", fmt.Errorf("answer REQUEST_JSON: %w", err)
		}
		return AnswerShopper(r.PlatformURL, r.APIKey, r.PaymentID, r.Text)
	case "charge":
		var r struct {
			PlatformURL, APIKey, AgreementID, IdempotencyKey, OrderID string
			Amount                                                    int64
		}
		if err := json.Unmarshal([]byte(args[1]), &r); err != nil {
			return "", fmt.Errorf("charge REQUEST_JSON: %w", err)
		}
		return ChargeAgreement(r.PlatformURL, r.APIKey, r.AgreementID, r.IdempotencyKey, r.OrderID, r.Amount)
	case "vectors":
		return "ok", checkVectors(args[1])
	}
	return "", errors.New("unknown command " + args[0])
}

func main() {
	out, err := run(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(out)
}
