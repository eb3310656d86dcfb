#!/usr/bin/env bash
# Makes a private CA and one certificate for mutual TLS inside a cluster (gateway <-> silos, silo <-> silo):
#   scripts/make-cluster-certs.sh DIR [NAME ...]
# writes DIR/ca.pem, DIR/ca.key, DIR/peer.pem, DIR/peer.key. peer.pem allows server and client
# authentication and names 127.0.0.1, localhost and every NAME (e.g. the compose service "silo").
# Use it as: Silo --tls-cert DIR/peer.pem --tls-key DIR/peer.key --tls-ca DIR/ca.pem
#            GatewayHost --silo-tls-ca DIR/ca.pem --silo-tls-cert DIR/peer.pem --silo-tls-key DIR/peer.key
set -euo pipefail
if [[ $# -lt 1 ]]; then
  echo "usage: $0 DIR [DNS-NAME ...]" >&2
  exit 2
fi
dir=$1
shift
mkdir -p "$dir"
san="IP:127.0.0.1,DNS:localhost"
for name in "$@"; do
  san="$san,DNS:$name"
done
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 365 -subj "/CN=JinaOrleans cluster CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=jinaorleans-peer" \
  -keyout "$dir/peer.key" -out "$dir/peer.csr" 2>/dev/null
printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=%s\n' "$san" > "$dir/peer.ext"
openssl x509 -req -in "$dir/peer.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -days 365 \
  -extfile "$dir/peer.ext" -out "$dir/peer.pem" 2>/dev/null
rm -f "$dir/peer.csr" "$dir/peer.ext" "$dir/ca.srl"
chmod 600 "$dir/ca.key" "$dir/peer.key"
echo "wrote $dir/ca.pem $dir/peer.pem $dir/peer.key (names: $san)"
