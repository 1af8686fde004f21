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
# The SQLite file and the mail outbox live here: the only place the service writes.
RUN install -d -o yousaid -g yousaid /srv/yousaid/data
VOLUME /srv/yousaid/data
USER yousaid
ENV YOUSAID_ADDR=0.0.0.0:8080
EXPOSE 8080
# The binary asks /readyz itself: the slim image has no curl, and /bin/sh there is dash.
HEALTHCHECK CMD ["yousaid", "health"]
CMD ["yousaid", "serve"]
