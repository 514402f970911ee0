#!/bin/sh
# Writes the TLS fixtures of the node's tests (run from this directory; needs OpenSSL 3). The
# certificates are valid for 100 years. The keys are in the encodings etcd users have on disk:
#   ca-key.pem, server-key-pkcs8.pem  PKCS #8 (openssl genpkey)
#   server-key.pem                    PKCS #1, the same key as server-key-pkcs8.pem (cfssl)
#   client-key.pem                    SEC 1 EC with its EC PARAMETERS block (openssl ecparam)
#   peer.pem, peer-key.pem            a member's peer certificate: server and client use, PKCS #8
#   stranger.pem, stranger-key.pem    a self-signed client certificate the CA did not sign
set -eu
days=36500
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out ca-key.pem
openssl req -x509 -new -key ca-key.pem -days $days -subj "/CN=cairn test CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -out ca.pem
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out server-key-pkcs8.pem
openssl pkey -in server-key-pkcs8.pem -traditional -out server-key.pem
openssl req -new -key server-key.pem -subj "/CN=127.0.0.1" -out server.csr
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' > server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days $days \
  -extfile server.ext -out server.pem
openssl ecparam -name prime256v1 -genkey -out client-key.pem
openssl req -new -key client-key.pem -subj "/CN=cairn test client" -out client.csr
printf 'extendedKeyUsage=clientAuth\n' > client.ext
openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days $days \
  -extfile client.ext -out client.pem
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out peer-key.pem
openssl req -new -key peer-key.pem -subj "/CN=cairn test peer" -out peer.csr
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n' > peer.ext
openssl x509 -req -in peer.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days $days \
  -extfile peer.ext -out peer.pem
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days $days \
  -subj "/CN=stranger" -keyout stranger-key.pem -out stranger.pem
rm -f server.csr server.ext client.csr client.ext peer.csr peer.ext ca.srl
