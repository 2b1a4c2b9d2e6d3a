# One image for every app; the compose file picks the app with its command.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm install --no-audit --no-fund --loglevel=error
COPY . .
RUN npm run build && npm prune --omit=dev \
 # Production talks to a ClickHouse server (CLICKHOUSE_URL); the embedded engine is for local runs only.
 && rm -rf node_modules/chdb node_modules/@chdb

FROM node:24-bookworm-slim
ENV NODE_ENV=production PARK_MODE=production
# a larger young generation for per-batch garbage, no kafkajs timer warnings: see scripts/node-options.sh, node-runtime.sh
ENV NODE_OPTIONS="--max-semi-space-size=64 --disable-warning=TimeoutNegativeWarning"
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/proto ./proto
COPY --from=build /app/prisma.config.ts /app/package.json ./
USER node
CMD ["node", "--enable-source-maps", "dist/apps/billing-api/src/main.js"]
