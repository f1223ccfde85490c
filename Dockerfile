# syntax=docker/dockerfile:1
# Build stage: compile TypeScript and keep only production dependencies.
FROM node:24-bookworm-slim AS build
WORKDIR /app
# onnxruntime-node's install script would download CUDA files; the CPU runtime ships in the package.
ENV ONNXRUNTIME_NODE_INSTALL=skip
# better-sqlite3 compiles its native addon when no prebuilt binary can be fetched.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

# Runtime stage: compiled code, production node_modules, shipped models and default configs.
FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json agent.yaml proxy.config.yaml ./
COPY models ./models
RUN mkdir -p /app/.moat && chown node:node /app/.moat
USER node
EXPOSE 8787
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8787/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Inside a container the proxy must listen on all interfaces; mount your own configs over /app/*.yaml.
CMD ["node", "--max-semi-space-size=8", "dist/cli.js", "serve", "--config", "proxy.config.yaml", "--host", "0.0.0.0"]
