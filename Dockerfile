# mechanistic: the bot, the web page and the digest in one small container.
#
#   docker build -t mechanistic .                                      # bundled encoder, index baked in
#   docker build --build-arg MECHANISTIC_EMBEDDER=minilm -t mechanistic .   # MiniLM model and index baked in
#   docker run --rm -p 3000:3000 -v mechanistic-data:/data --env-file .env mechanistic
#
# See the README (Docker) for mounting the model and index instead of baking them.

# Build stage: native modules (better-sqlite3, hnswlib-node) need a compiler; the runtime does not.
FROM node:20-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Every dependency (the build needs TypeScript and tsx) without install scripts: the project's own
# `prepare` (the build) needs src/, copied below, and onnxruntime-node's would download CUDA
# libraries (its CPU runtime ships in the npm package). Then only the native addons are built.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3 hnswlib-node esbuild protobufjs
COPY tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
COPY corpus ./corpus
COPY scripts/build.ts scripts/build-index.ts ./scripts/
COPY docker/entrypoint.sh ./docker/entrypoint.sh
# Compile src/ to dist/, which the image runs.
RUN npm run build

# Bake the model (MiniLM only; the bundled encoder ships in node_modules) and the vector index,
# so a new container answers its first question in seconds. BAKE_INDEX=false skips it: the
# index is then built at first start, or mounted (README, Docker).
ARG MECHANISTIC_EMBEDDER=use-lite
ARG BAKE_INDEX=true
RUN mkdir -p /app/baked /app/models \
 && if [ "$BAKE_INDEX" = "true" ]; then \
      MECHANISTIC_DATA_DIR=/app/baked MECHANISTIC_MODELS_DIR=/app/models \
      MECHANISTIC_EMBEDDER="$MECHANISTIC_EMBEDDER" node --import tsx scripts/build-index.ts; \
    fi
# The corpus snapshot for the compiled loader and the concept classifier trained on it, kept beside it
# (the runtime cannot write to /app), then no dev dependencies.
RUN node bin/mechanistic.js corpus stats > /dev/null \
 && node --input-type=module -e "const { loadCorpus } = await import('./dist/corpus/load.js'); const { corpusConceptClassifier } = await import('./dist/retrieval/retriever.js'); await corpusConceptClassifier(loadCorpus());" \
 && npm prune --omit=dev --no-audit --no-fund

# Runtime stage: no compiler, no dev dependencies, not root.
FROM node:20-bookworm-slim AS runtime
ARG MECHANISTIC_EMBEDDER=use-lite
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    MECHANISTIC_DATA_DIR=/data \
    MECHANISTIC_MODELS_DIR=/app/models \
    MECHANISTIC_EMBEDDER=$MECHANISTIC_EMBEDDER
WORKDIR /app
# The digest and lineage charts are drawn as SVG and rasterised with resvg, which needs a system font.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core fontconfig \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist ./dist
COPY --from=build /app/corpus ./corpus
COPY --from=build /app/docker ./docker
COPY --from=build /app/baked ./baked
COPY --from=build /app/models ./models
RUN mkdir -p /data \
 && chown node:node /data \
 && chmod 0755 /app/docker/entrypoint.sh
USER node
VOLUME ["/data"]
EXPOSE 3000
# Liveness answers as soon as the server listens, before the model and index are loaded, so no
# start period is needed; readiness (/readyz) is for a load balancer, not for restarts.
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["node", "bin/mechanistic.js", "serve"]
