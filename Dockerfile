# syntax=docker/dockerfile:1

# Node's LTS line, pinned by major version: a rebuild picks up its patch releases, never a new major.
ARG NODE_IMAGE=node:24-slim

# Production dependencies. better-sqlite3 is a native addon: npm uses a prebuilt binary when it
# can fetch one, else compiles it, which needs a compiler that the run stage does not carry.
FROM ${NODE_IMAGE} AS deps
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# Build: compile TypeScript (the bot and the operator's scripts) with the full dependency set.
FROM deps AS build
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
# The message catalogues: the code imports them, and the build copies them into dist/locales.
COPY locales ./locales
RUN npm run build

# Run: production dependencies and the compiled code only, as the unprivileged "node" user.
FROM ${NODE_IMAGE}
ENV NODE_ENV=production DATA_DIR=/data PORT=3000
WORKDIR /app
COPY package.json package-lock.json LICENSE ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node directly (not npm) so SIGTERM reaches the bot and it can stop gracefully. The operator's
# scripts run beside it: `docker exec <container> node dist/scripts/register-discord.js --guild ID`.
CMD ["node", "dist/src/app/main.js"]
