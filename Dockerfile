# Builds the eventbus binary with cgo and the librdkafka that confluent-kafka-go
# bundles, then copies it into a small glibc runtime image that runs as non-root.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=devel
RUN CGO_ENABLED=1 go build -trimpath \
      -ldflags "-s -w -X main.version=${VERSION}" \
      -o /out/eventbus ./cmd/eventbus

FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=build /out/eventbus /usr/local/bin/eventbus
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/eventbus"]
CMD ["--help"]
