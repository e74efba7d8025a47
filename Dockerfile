# One image per service, from one parametrised build (`npm run images -- --registry … --push` builds
# and pushes all four, see docs/operations.md "Images"):
#   docker build --build-arg APP=gateway -t latchkey.local/gateway:0.1.0 .
# APP is one of identity, gateway, data-api, audit. Every image also carries the migrations of
# identity, data-api and audit with the `latchkey` CLI that runs them (the migration Job runs the
# identity image: `node apps/cli/dist/main.js migrate`; `audit verify-chain` and `audit redrive`
# likewise) and scripts/generate-keys.mjs (fresh deployment secrets:
# `docker run --rm latchkey.local/identity:0.1.0 node scripts/generate-keys.mjs`).
# Test tooling (libs/testing) is never in an image.
#
# Install scripts are skipped in both installs: none is needed (argon2 loads its bundled prebuild at
# run time; swc and nx ship platform packages), and the root `node` devDependency must not download
# a second Node: the base image's Node 24 builds and runs everything.

# The base image by digest (the node:24-slim multi-platform index): every build gets the same bytes,
# and a base image update is a reviewed change. To refresh it (Node patch releases, Debian fixes):
#   docker buildx imagetools inspect node:24-slim     # the "Digest:" line, then replace it below
ARG NODE_IMAGE=node:24-slim@sha256:a9f5f7c91a432850b2a8a7797adf5eadb6c733ceed61167806cee7ea7fbc29df

# ---- workspace manifests: the only input of both installs (cached until one of them changes) ----
# One line per npm workspace (apps/*, libs/*): a new workspace needs its line here.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY package.json package-lock.json ./
COPY apps/identity/package.json apps/identity/
COPY apps/gateway/package.json apps/gateway/
COPY apps/data-api/package.json apps/data-api/
COPY apps/audit/package.json apps/audit/
COPY apps/console/package.json apps/console/
COPY apps/cli/package.json apps/cli/
COPY libs/contracts/package.json libs/contracts/
COPY libs/api-routes/package.json libs/api-routes/
COPY libs/auth-core/package.json libs/auth-core/
COPY libs/messaging/package.json libs/messaging/
COPY libs/runtime/package.json libs/runtime/
COPY libs/testing/package.json libs/testing/
COPY libs/sdk/package.json libs/sdk/

# ---- build: every dependency, then every project compiled (swc; Vite for the console) into */dist ----
FROM ${NODE_IMAGE} AS build
WORKDIR /src
ENV NX_NO_CLOUD=true NX_DAEMON=false
COPY --from=manifests /src ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npx nx run-many -t build --parallel=2

# ---- production dependencies only (no `node` binary package, no compilers, no test tools) ----
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY --from=manifests /src ./
# libs/testing is a workspace (npm ci links it): its manifest and link go, so nothing can load it.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force \
    && rm -rf libs/testing node_modules/@latchkey/testing

# ---- runtime: root-owned read-only files, runs as uid 1000, writes nothing at run time ----
FROM ${NODE_IMAGE} AS runtime
ARG APP
RUN case "$APP" in identity|gateway|data-api|audit) ;; \
      *) echo "build with --build-arg APP=identity|gateway|data-api|audit (got '$APP')" >&2; exit 1 ;; \
    esac
ENV APP=${APP} NODE_ENV=production
LABEL org.opencontainers.image.title="latchkey-${APP}" \
      org.opencontainers.image.description="Latchkey ${APP} service" \
      org.opencontainers.image.licenses="Apache-2.0"
WORKDIR /app
# node_modules with the workspace links @latchkey/* -> libs/*, apps/* (package.json `main: dist/...`).
COPY --from=deps /app ./
COPY --from=build /src/libs/contracts/dist libs/contracts/dist
COPY --from=build /src/libs/api-routes/dist libs/api-routes/dist
COPY --from=build /src/libs/auth-core/dist libs/auth-core/dist
COPY --from=build /src/libs/messaging/dist libs/messaging/dist
COPY --from=build /src/libs/runtime/dist libs/runtime/dist
# The CLI's API commands go through the SDK (and every command loads it): it ships in each image.
COPY --from=build /src/libs/sdk/dist libs/sdk/dist
COPY --from=build /src/apps/${APP}/dist apps/${APP}/dist
COPY --from=build /src/apps/identity/dist apps/identity/dist
COPY --from=build /src/apps/data-api/dist apps/data-api/dist
COPY --from=build /src/apps/audit/dist apps/audit/dist
# The operators' CLI: `latchkey migrate` (the migration Job), `audit verify-chain`, `audit redrive`.
COPY --from=build /src/apps/cli/dist apps/cli/dist
# The admin console's static files, served by the gateway under /console (CONSOLE_DIR).
COPY --from=build /src/apps/console/dist apps/console/dist
COPY --from=build /src/scripts/generate-keys.mjs scripts/
# The base image's `node` user; numeric so Kubernetes can verify runAsNonRoot without runAsUser.
USER 1000:1000
STOPSIGNAL SIGTERM
# Liveness of the process on its ops listener (OPS_PORT, else the service's default ops port; the
# ops listener binds loopback unless OPS_HOST says otherwise). The API port serves no /healthz.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "const p=process.env.OPS_PORT||{identity:9091,gateway:9090,'data-api':9092,audit:9093}[process.env.APP];fetch('http://127.0.0.1:'+p+'/healthz',{signal:AbortSignal.timeout(2500)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# exec: node is PID 1 and receives SIGTERM itself (graceful shutdown within SHUTDOWN_TIMEOUT_MS).
CMD ["sh", "-c", "exec node apps/$APP/dist/main.js"]
