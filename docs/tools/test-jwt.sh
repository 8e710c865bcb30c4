#!/usr/bin/env bash
# A test EHR for trying BoneCds with authentication on, on this machine only: an RSA key, its JWKS served on loopback, and a
# signed CDS Hooks JWT (RS384, iss/aud/exp/iat/jti as CDS Hooks 2.0 asks). Needs openssl and python3.
#   docs/tools/test-jwt.sh keys                 # once: writes test-ehr/ (key, jwks.json) and prints the settings to run with
#   docs/tools/test-jwt.sh serve &              # serves test-ehr/jwks.json at http://127.0.0.1:8081/jwks.json
#   TOKEN=$(docs/tools/test-jwt.sh token http://localhost:8080/cds-services/bone-health-patient-view)
#   curl -H "Authorization: Bearer $TOKEN" ...  # one token per call: the jti is never accepted twice
set -euo pipefail
dir=test-ehr
issuer=https://test-ehr.example
b64url() { python3 -c 'import base64,sys; print(base64.urlsafe_b64encode(sys.stdin.buffer.read()).rstrip(b"=").decode())'; }
case "${1:-}" in
  keys)
    mkdir -p "$dir"
    openssl genrsa -out "$dir/key.pem" 2048 2>/dev/null
    modulus=$(openssl rsa -in "$dir/key.pem" -noout -modulus | cut -d= -f2 | xxd -r -p | b64url)
    printf '{"keys":[{"kty":"RSA","kid":"test-ehr-1","use":"sig","alg":"RS384","n":"%s","e":"AQAB"}]}\n' "$modulus" > "$dir/jwks.json"
    echo "Run BoneCds (Development) with:"
    echo "  dotnet run --project src/BoneCds.Api -- --Auth:Clients:0:Issuer=$issuer \\"
    echo "    --Auth:Clients:0:JwksUrl=http://127.0.0.1:8081/jwks.json --Auth:AllowHttpLoopback=true"
    ;;
  serve)
    cd "$dir" && exec python3 -m http.server 8081 --bind 127.0.0.1
    ;;
  token)
    audience=${2:?the URL the token is for, e.g. http://localhost:8080/cds-services/bone-health-patient-view}
    now=$(date +%s)
    header=$(printf '{"alg":"RS384","typ":"JWT","kid":"test-ehr-1"}' | b64url)
    payload=$(printf '{"iss":"%s","aud":"%s","exp":%d,"iat":%d,"jti":"%s"}' "$issuer" "$audience" $((now + 300)) "$now" \
      "$(cat /proc/sys/kernel/random/uuid)" | b64url)
    signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha384 -sign "$dir/key.pem" | b64url)
    echo "$header.$payload.$signature"
    ;;
  *) sed -n '2,8p' "$0"; exit 2 ;;
esac
