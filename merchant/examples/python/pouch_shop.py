"""Pouch for a Python shop, from merchant/SPEC.md alone: sign a checkout tag, verify a webhook, verify an ID token,
answer a shopper who wrote about an order, charge under a password-free agreement.

Needs PyJWT and cryptography (Debian: python3-jwt python3-cryptography). Run as a script, one command:
  sign KEY_JSON ORDER_JSON        prints the checkout tag for an order
  webhook SECRET < DELIVERY_JSON  {"rawBody", "headers"}: prints the verified event, or fails
  id-token REQUEST_JSON           {"idToken", "platformUrl", "merchantId", "nonce"}: prints the shopper
                                  ({"subject", "email"?, "address"?}: what they chose to share)
  answer REQUEST_JSON             {"platformUrl", "apiKey", "paymentId", "text"}: prints the conversation
  charge REQUEST_JSON             {"platformUrl", "apiKey", "agreementId", "idempotencyKey", "orderId", "amount"}:
                                  prints the payment
  vectors VECTORS_JSON            checks this file against merchant/spec/test-vectors.json
"""
import base64, hashlib, hmac, json, sys, time, urllib.error, urllib.parse, urllib.request, uuid

import jwt  # PyJWT
from jwt.algorithms import ECAlgorithm

TOLERANCE_S = 300


def signing_input(header_json: str, payload_json: str) -> str:
    b64 = lambda text: base64.urlsafe_b64encode(text.encode()).rstrip(b"=").decode()
    return f"{b64(header_json)}.{b64(payload_json)}"


def sign_checkout_tag(key: dict, order: dict, now: int | None = None) -> str:
    """key: {merchantId, kid, privateJwk}; order: {origin, orderId, amount, currency, label[, items, mode]}."""
    iat = int(now if now is not None else time.time())
    payload = {"v": 1, "iss": key["merchantId"], "aud": "pouch", **order, "mode": order.get("mode", "direct"),
               "iat": iat, "exp": iat + 15 * 60, "jti": str(uuid.uuid4())}
    private_key = ECAlgorithm.from_jwk(json.dumps(key["privateJwk"]))
    return jwt.encode(payload, private_key, algorithm="ES256", headers={"kid": key["kid"], "typ": "pouch-checkout+jws"})


def webhook_key(secret: str) -> bytes:
    text = secret.removeprefix("whsec_").replace("-", "+").replace("_", "/")  # older secrets are base64url
    return base64.b64decode(text + "=" * (-len(text) % 4))


def webhook_signature(secret: str, msg_id: str, timestamp: int, raw_body: str) -> str:
    mac = hmac.new(webhook_key(secret), f"{msg_id}.{timestamp}.{raw_body}".encode(), hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def verify_webhook(secret: str, raw_body: str, headers: dict) -> dict:
    headers = {name.lower(): value for name, value in headers.items()}
    msg_id, timestamp = headers["webhook-id"], int(headers["webhook-timestamp"])
    if abs(time.time() - timestamp) > TOLERANCE_S:
        raise ValueError("webhook timestamp outside the tolerance")
    expected = webhook_signature(secret, msg_id, timestamp, raw_body)
    if not any(hmac.compare_digest(expected, sig) for sig in headers["webhook-signature"].split(" ")):
        raise ValueError("no matching webhook signature")
    return json.loads(raw_body)


def verify_id_token(id_token: str, platform_url: str, merchant_id: str, nonce: str, jwks: dict | None = None) -> dict:
    """The signed-in shopper: their subject, and the email and address they chose to share (SPEC §4)."""
    if jwks is None:
        key = jwt.PyJWKClient(f"{platform_url}/.well-known/jwks.json").get_signing_key_from_jwt(id_token).key
    else:
        kid = jwt.get_unverified_header(id_token)["kid"]
        key = next(jwt.PyJWK(k).key for k in jwks["keys"] if k["kid"] == kid)
    claims = jwt.decode(id_token, key, algorithms=["ES256"], audience=merchant_id, issuer=platform_url)
    if claims.get("nonce") != nonce:
        raise ValueError("ID token nonce is not the one this page asked with")
    return {"subject": claims["sub"], **{name: claims[name] for name in ("email", "address") if name in claims}}


def merchant_post(platform_url: str, api_key: str, path: str, body: dict, headers: dict | None = None) -> dict:
    """POSTs to the merchant API; a refusal raises with its problem code and words."""
    request = urllib.request.Request(
        f"{platform_url}{path}", data=json.dumps(body).encode(), method="POST",
        headers={"authorization": f"Bearer {api_key}", "content-type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        problem = json.load(error)
        raise ValueError(f"{problem.get('code')}: {problem.get('detail')}") from None


def answer_shopper(platform_url: str, api_key: str, payment_id: str, text: str) -> dict:
    """Answers the shopper who wrote about a payment (the payment.message_received event); returns the conversation."""
    path = f"/v1/merchant/payments/{urllib.parse.quote(payment_id, safe='')}/messages"
    return merchant_post(platform_url, api_key, path, {"text": text})


def charge_agreement(platform_url: str, api_key: str, agreement_id: str, key: str, order_id: str, amount: int) -> dict:
    """Charges under a password-free agreement (the agreement.created event); reuse `key` when retrying."""
    path = f"/v1/merchant/agreements/{urllib.parse.quote(agreement_id, safe='')}/charges"
    return merchant_post(platform_url, api_key, path, {"orderId": order_id, "amount": amount}, {"idempotency-key": key})


def check_vectors(vectors: dict) -> None:
    tag = vectors["checkoutTag"]
    assert signing_input(tag["headerJson"], tag["payloadJson"]) == tag["signingInput"], "signing input"
    public_key = ECAlgorithm.from_jwk(json.dumps(tag["publicJwk"]))
    assert jwt.decode(tag["tag"], public_key, algorithms=["ES256"], audience="pouch",
                      options={"verify_exp": False}) == tag["payload"], "tag"
    ours = sign_checkout_tag({"merchantId": "m_x", "kid": "k_x", "privateJwk": tag["privateJwk"]},
                             {"origin": "https://shop.example", "orderId": "o", "amount": 1, "currency": "CNY", "label": "t"})
    jwt.decode(ours, public_key, algorithms=["ES256"], audience="pouch")  # our own signature verifies too
    for hook in (vectors["webhook"], vectors["standardWebhooksExample"]):
        assert webhook_signature(hook["secret"], hook["id"], hook["timestamp"], hook["body"]) == hook["signature"], "webhook"
    token = vectors["idToken"]
    shopper = verify_id_token(token["token"], token["issuer"], token["audience"], token["nonce"], jwks=token["jwks"])
    assert shopper["subject"] == token["subject"], "ID token"


if __name__ == "__main__":
    if len(sys.argv) < 3 or (sys.argv[1] == "sign" and len(sys.argv) < 4):
        sys.exit(__doc__)
    command, arg = sys.argv[1], sys.argv[2]
    if command == "sign":
        print(sign_checkout_tag(json.loads(arg), json.loads(sys.argv[3])))
    elif command == "webhook":
        delivery = json.load(sys.stdin)
        print(json.dumps(verify_webhook(arg, delivery["rawBody"], delivery["headers"])))
    elif command == "id-token":
        r = json.loads(arg)
        print(json.dumps(verify_id_token(r["idToken"], r["platformUrl"], r["merchantId"], r["nonce"]), ensure_ascii=False))
    elif command == "answer":
        r = json.loads(arg)
        print(json.dumps(answer_shopper(r["platformUrl"], r["apiKey"], r["paymentId"], r["text"])))
    elif command == "charge":
        r = json.loads(arg)
        print(json.dumps(charge_agreement(r["platformUrl"], r["apiKey"], r["agreementId"], r["idempotencyKey"],
                                          r["orderId"], r["amount"])))
    elif command == "vectors":
        with open(arg) as file:
            check_vectors(json.load(file))
        print("ok")
    else:
        sys.exit(f"unknown command {command}\n{__doc__}")
