# The costtrace collector: OTLP/HTTP in, priced cost rows out to a ClickHouse server. docker-compose.yml builds it.
# Build from the repository root: docker build -t costtrace .

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json ./
COPY pricing/package.json pricing/
COPY instrumentation/package.json instrumentation/
COPY collector/package.json collector/
COPY dashboards/package.json dashboards/
# --ignore-scripts: the root `prepare` would compile before the sources are copied; no dependency needs its scripts.
RUN npm ci --ignore-scripts
COPY pricing/tsconfig.json pricing/
COPY pricing/src pricing/src
COPY collector/tsconfig.json collector/
COPY collector/src collector/src
COPY collector/bin collector/bin
RUN npx tsc -b collector && npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    COSTTRACE_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/pricing/package.json pricing/
COPY --from=build /app/pricing/dist pricing/dist
COPY --from=build /app/collector/package.json collector/
COPY --from=build /app/collector/bin collector/bin
COPY --from=build /app/collector/dist collector/dist
# The spool of acknowledged rows not yet in ClickHouse lives in /data: keep it on a volume.
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 4318
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:4318/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Server mode: set COSTTRACE_CLICKHOUSE_URL=http://<writer>:<password>@<host>:8123 (docker-compose.yml does).
CMD ["node", "--max-semi-space-size=64", "collector/dist/cli.js", "serve", "--port", "4318"]
