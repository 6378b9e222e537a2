# syntax=docker/dockerfile:1
# Flightdeck's image: the standalone Next.js server that the E2E suite and the benchmarks
# run (`npm run build`), on Node 20, as a non-root user, on a read-only root file system.
#
# No native modules ship (next.config.mjs turns the image optimizer off, so sharp is not
# traced), so one Dockerfile builds both architectures:
#   docker buildx build --platform linux/amd64,linux/arm64 -t <registry>/flightdeck:<tag> --push .
# The build stage runs on the build machine's platform ($BUILDPLATFORM) since its output
# is plain JavaScript and WebAssembly.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM --platform=$BUILDPLATFORM ${NODE_IMAGE} AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
# The base image's npm, corepack and yarn are not needed to run the server.
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack /opt/yarn-* \
      /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /usr/local/bin/yarn /usr/local/bin/yarnpkg \
 && groupadd --system --gid 10001 flightdeck \
 && useradd --system --uid 10001 --gid flightdeck --no-create-home --shell /usr/sbin/nologin flightdeck
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    METRICS_PORT=9464 \
    FLIGHTDECK_DATA_DIR=/data
# Owned by root and not writable by the server's user: the root file system can be
# read-only. Writable places are volumes: /tmp, /app/.next/cache and /data (the chart
# mounts emptyDirs there).
COPY --from=build --chown=root:root /src/.next/standalone/ /app/
USER 10001:10001
EXPOSE 3000 9464
VOLUME ["/tmp", "/app/.next/cache", "/data"]
# Kubernetes sends SIGTERM; node is PID 1 and handles it (graceful shutdown).
CMD ["node", "server.js"]
