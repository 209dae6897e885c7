#!/usr/bin/env bash
# Regenerates the Go code in api/chorusv1 from proto/chorus/v1. The output is
# committed so that `go build` needs no generator. Needs protoc (Debian
# package protobuf-compiler), protoc-gen-go and protoc-gen-connect-go:
#   go install google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.12
#   go install connectrpc.com/connect/cmd/protoc-gen-connect-go@v1.21.1
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$(go env GOPATH)/bin:$PATH"
protoc -I proto -I /usr/include \
  --go_out=. --go_opt=module=github.com/chorus-im/chorus \
  --connect-go_out=. --connect-go_opt=module=github.com/chorus-im/chorus \
  proto/chorus/v1/*.proto
