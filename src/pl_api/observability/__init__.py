"""What operators see of a running pl-api: structured logs, Prometheus metrics and OpenTelemetry traces."""
