# Build and run the service; configuration comes from the environment (see README).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
# libuv reads this once, before any code of ours runs: file I/O, argon2 and image work share it.
ENV UV_THREADPOOL_SIZE=8
# glibc gives every thread (PDF workers, libvips) its own malloc arenas, which keep freed memory
# (src/config/service-runtime.ts: the same settings as npm start and the benches).
ENV MALLOC_ARENA_MAX=2
ENV MALLOC_MMAP_THRESHOLD_=131072
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY standards ./standards
COPY templates ./templates
RUN mkdir -p uploads data && chown -R node:node uploads data
USER node
EXPOSE 3000
# node directly (not npm start) so SIGTERM reaches the process and shutdown runs in order.
CMD ["node", "dist/service.js"]
