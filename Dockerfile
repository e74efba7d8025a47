# One image per service: docker build --build-arg APP=gateway -t latchkey/gateway:0.1.0 .
# APP is one of identity, gateway, data-api, audit.

# ---- build: install everything, compile every project with swc ----
FROM node:24-slim AS build
WORKDIR /src
ENV NX_NO_CLOUD=true NX_DAEMON=false
COPY package.json package-lock.json ./
COPY apps/identity/package.json apps/identity/
COPY apps/gateway/package.json apps/gateway/
COPY apps/data-api/package.json apps/data-api/
COPY apps/audit/package.json apps/audit/
COPY libs/contracts/package.json libs/contracts/
COPY libs/auth-core/package.json libs/auth-core/
COPY libs/messaging/package.json libs/messaging/
COPY libs/runtime/package.json libs/runtime/
COPY libs/testing/package.json libs/testing/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx nx run-many -t build --parallel=2

# ---- production dependencies only ----
FROM node:24-slim AS deps
WORKDIR /app
COPY --from=build /src/package.json /src/package-lock.json ./
COPY --from=build /src/apps/identity/package.json apps/identity/
COPY --from=build /src/apps/gateway/package.json apps/gateway/
COPY --from=build /src/apps/data-api/package.json apps/data-api/
COPY --from=build /src/apps/audit/package.json apps/audit/
COPY --from=build /src/libs/contracts/package.json libs/contracts/
COPY --from=build /src/libs/auth-core/package.json libs/auth-core/
COPY --from=build /src/libs/messaging/package.json libs/messaging/
COPY --from=build /src/libs/runtime/package.json libs/runtime/
COPY --from=build /src/libs/testing/package.json libs/testing/
# --omit=dev also skips the `node` devDependency: the image's own Node 24 runs everything.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# ---- runtime: non-root, nothing written at run time (read-only root filesystem friendly) ----
FROM node:24-slim
ARG APP
ENV APP=${APP} NODE_ENV=production
WORKDIR /app
COPY --from=deps --chown=root:root /app ./
COPY --from=build --chown=root:root /src/libs/contracts/dist libs/contracts/dist
COPY --from=build --chown=root:root /src/libs/auth-core/dist libs/auth-core/dist
COPY --from=build --chown=root:root /src/libs/messaging/dist libs/messaging/dist
COPY --from=build --chown=root:root /src/libs/runtime/dist libs/runtime/dist
COPY --from=build --chown=root:root /src/libs/testing/dist libs/testing/dist
COPY --from=build --chown=root:root /src/apps/${APP}/dist apps/${APP}/dist
# The migration job runs every service's migrations from the identity image.
COPY --from=build --chown=root:root /src/apps/identity/dist apps/identity/dist
COPY --from=build --chown=root:root /src/apps/data-api/dist apps/data-api/dist
COPY --from=build --chown=root:root /src/apps/audit/dist apps/audit/dist
COPY --from=build --chown=root:root /src/scripts/migrate.mjs scripts/migrate.mjs
USER node
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["sh", "-c", "exec node apps/$APP/dist/main.js"]
