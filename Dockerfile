# Production image: one static-ish binary on Debian slim, running as an unprivileged user.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked && strip target/release/yousaid

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* && useradd --system --home /srv/yousaid yousaid
WORKDIR /srv/yousaid
COPY --from=build /src/target/release/yousaid /usr/local/bin/yousaid
COPY survey-definitions ./survey-definitions
USER yousaid
ENV YOUSAID_ADDR=0.0.0.0:8080
EXPOSE 8080
HEALTHCHECK CMD ["/bin/sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /readyz HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '200 OK' <&3"]
CMD ["yousaid", "serve"]
