# The ledger's processes as containers: one Dockerfile, the app named by a build argument.
# Built from the repository root:
#   docker build -f docker/ledger.Dockerfile --build-arg APP=api       -t oap-ledger-api .
#   docker build -f docker/ledger.Dockerfile --build-arg APP=projector -t oap-ledger-projector .
#   docker build -f docker/ledger.Dockerfile --build-arg APP=relay     -t oap-ledger-relay .
# (docker compose -f docker/compose.yml build does all three.) The build stage does not depend on
# APP, so the three images share it: TypeScript is compiled once.

# ---- build: install everything, compile TypeScript, then drop dev dependencies ----
FROM node:20-slim AS build
# better-sqlite3 compiles from source where no prebuilt binary can be downloaded.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY migrations ./migrations
RUN npm run build && npm prune --omit=dev

# ---- run: compiled code, production dependencies, SQL migrations ----
FROM node:20-slim
# api (HTTP API), projector (log -> PostgreSQL read model) or relay (log -> Kafka topics).
ARG APP=api
ENV NODE_ENV=production \
    LEDGER_APP=${APP} \
    HOST=0.0.0.0 \
    PORT=3000 \
    LEDGER_DATA_DIR=/var/lib/ledger
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/migrations ./migrations
# A wrong APP fails the build here rather than the container at start.
RUN test -f "dist/apps/${APP}/src/main.js" \
 && mkdir -p /var/lib/ledger && chown node:node /var/lib/ledger
USER node
# 3000: the API; 3100: the relay's GET /health (the projector listens on nothing).
EXPOSE 3000 3100
# exec: the app itself is PID 1 and gets SIGTERM from `docker stop`, which each app handles.
CMD ["sh", "-c", "exec node dist/apps/${LEDGER_APP}/src/main.js"]
