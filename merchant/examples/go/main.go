// Pouch for a Go shop, from merchant/SPEC.md alone and the standard library: sign a checkout tag,
// verify a webhook, verify an ID token, answer a shopper who wrote about an order, charge under a
// password-free agreement. One command per run:
//
//	sign KEY_JSON ORDER_JSON        prints the checkout tag for an order
//	webhook SECRET < DELIVERY_JSON  {"rawBody", "headers"}: prints the verified event, or fails
//	id-token REQUEST_JSON           {"idToken", "platformUrl", "merchantId", "nonce"}: prints the shopper
//	                                ({"subject", "email"?, "address"?}: what they chose to share)
//	answer REQUEST_JSON             {"platformUrl", "apiKey", "paymentId", "text"}: prints the conversation
//	charge REQUEST_JSON             {"platformUrl", "apiKey", "agreementId", "idempotencyKey", "orderId", "amount"}: prints the payment
//	vectors VECTORS_JSON            checks this file against merchant/spec/test-vectors.json
package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"strconv"
	"strings"
	"time"
)

type JWK struct{ Kty, Crv, X, Y, D, Kid string }

type Key struct {
	MerchantID string `json:"merchantId"`
	Kid        string `json:"kid"`
	PrivateJWK JWK    `json:"privateJwk"`
}

var b64url = base64.RawURLEncoding

func bigInt(s string) *big.Int { b, _ := b64url.DecodeString(s); return new(big.Int).SetBytes(b) }

func publicKey(k JWK) *ecdsa.PublicKey {
	return &ecdsa.PublicKey{Curve: elliptic.P256(), X: bigInt(k.X), Y: bigInt(k.Y)}
}

func signingInput(headerJSON, payloadJSON []byte) string {
	return b64url.EncodeToString(headerJSON) + "." + b64url.EncodeToString(payloadJSON)
}

// SignCheckoutTag signs an order ({origin, orderId, amount, currency, label[, items, mode]}) as a compact JWS.
func SignCheckoutTag(key Key, order map[string]any) (string, error) {
	now := time.Now().Unix()
	jti := make([]byte, 16)
	rand.Read(jti)
	payload := map[string]any{"v": 1, "iss": key.MerchantID, "aud": "pouch", "mode": "direct",
		"iat": now, "exp": now + 15*60, "jti": fmt.Sprintf("%x", jti)}
	for name, value := range order {
		payload[name] = value
	}
	header, _ := json.Marshal(map[string]string{"alg": "ES256", "kid": key.Kid, "typ": "pouch-checkout+jws"})
	body, err := json.Marshal(payload)
	if err != nil {
		return "", err
	}
	input := signingInput(header, body)
	private := &ecdsa.PrivateKey{PublicKey: *publicKey(key.PrivateJWK), D: bigInt(key.PrivateJWK.D)}
	digest := sha256.Sum256([]byte(input))
	r, s, err := ecdsa.Sign(rand.Reader, private, digest[:])
	if err != nil {
		return "", err
	}
	signature := make([]byte, 64) // JWS form: R and S, 32 bytes each, not DER
	r.FillBytes(signature[:32])
	s.FillBytes(signature[32:])
	return input + "." + b64url.EncodeToString(signature), nil
}

func verifyES256(token string, key *ecdsa.PublicKey) ([]byte, error) {
	parts := strings.Split(token, ".")
	signature, err := b64url.DecodeString(parts[len(parts)-1])
	if len(parts) != 3 || err != nil || len(signature) != 64 {
		return nil, errors.New("not an ES256 compact JWS")
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	r, s := new(big.Int).SetBytes(signature[:32]), new(big.Int).SetBytes(signature[32:])
	if !ecdsa.Verify(key, digest[:], r, s) {
		return nil, errors.New("signature does not verify")
	}
	return b64url.DecodeString(parts[1])
}

func webhookKey(secret string) []byte {
	text := strings.NewReplacer("-", "+", "_", "/").Replace(strings.TrimPrefix(secret, "whsec_"))
	key, _ := base64.RawStdEncoding.DecodeString(strings.TrimRight(text, "="))
	return key
}

func WebhookSignature(secret, id string, timestamp int64, rawBody string) string {
	mac := hmac.New(sha256.New, webhookKey(secret))
	fmt.Fprintf(mac, "%s.%d.%s", id, timestamp, rawBody)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// VerifyWebhook checks the Standard Webhooks headers (names lower-case) over the raw body.
func VerifyWebhook(secret, rawBody string, headers map[string]string) error {
	timestamp, err := strconv.ParseInt(headers["webhook-timestamp"], 10, 64)
	if err != nil || time.Since(time.Unix(timestamp, 0)).Abs() > 300*time.Second {
		return errors.New("webhook timestamp missing or outside the tolerance")
	}
	expected := WebhookSignature(secret, headers["webhook-id"], timestamp, rawBody)
	for _, signature := range strings.Split(headers["webhook-signature"], " ") {
		if hmac.Equal([]byte(signature), []byte(expected)) {
			return nil
		}
	}
	return errors.New("no matching webhook signature")
}

type JWKS struct{ Keys []JWK }

// Shopper is who signed in with Pouch: the subject, and the email and address they chose to share (SPEC §4).
type Shopper struct {
	Subject string          `json:"subject"`
	Email   string          `json:"email,omitempty"`
	Address json.RawMessage `json:"address,omitempty"`
}

// VerifyIDToken checks a Sign in with Pouch ID token against the platform's JWKS and returns the shopper.
func VerifyIDToken(token, platformURL, merchantID, nonce string, jwks *JWKS) (Shopper, error) {
	if jwks == nil {
		response, err := http.Get(platformURL + "/.well-known/jwks.json")
		if err != nil {
			return Shopper{}, err
		}
		defer response.Body.Close()
		jwks = &JWKS{}
		if err := json.NewDecoder(response.Body).Decode(jwks); err != nil {
			return Shopper{}, err
		}
	}
	var header struct{ Alg, Kid string }
	headerJSON, _ := b64url.DecodeString(strings.Split(token, ".")[0])
	json.Unmarshal(headerJSON, &header)
	for _, key := range jwks.Keys {
		if key.Kid != header.Kid || header.Alg != "ES256" {
			continue
		}
		payload, err := verifyES256(token, publicKey(key))
		if err != nil {
			return Shopper{}, err
		}
		var claims struct {
			Iss, Aud, Sub, Nonce, Email string
			Exp                         int64
			Address                     json.RawMessage
		}
		json.Unmarshal(payload, &claims)
		if claims.Iss != platformURL || claims.Aud != merchantID || claims.Nonce != nonce || time.Now().Unix() >= claims.Exp {
			return Shopper{}, errors.New("ID token is not for this shop, this page, or now")
		}
		return Shopper{Subject: claims.Sub, Email: claims.Email, Address: claims.Address}, nil
	}
	return Shopper{}, errors.New("ID token key is not in the JWKS")
}
