# tiersim in a container: the CLI as the entrypoint, for batch jobs such as the Kubernetes
# Indexed Job in docs/distributed.md.
#
#   docker build -t tiersim:0.1.0 .
#   docker run --rm tiersim:0.1.0 run scenarios/quickstart.yaml --runs 200
#   docker run --rm -v "$PWD:/data" tiersim:0.1.0 run /data/my.yaml --out /data/results
#
# The image holds exactly the npm package (what `npm pack` ships) with its production
# dependencies from package-lock.json, in /opt/tiersim, the working directory, so the example
# scenarios are at scenarios/*.yaml. It runs as the unprivileged `node` user (uid 1000).

# Build: all dependencies, the TypeScript build, then the package as npm would publish it.
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: the package's own prepare (the build) needs the sources, copied next.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build \
 && npm pack --ignore-scripts --pack-destination /tmp \
 && mkdir -p /opt/tiersim \
 && tar -xzf /tmp/tiersim-*.tgz -C /opt/tiersim --strip-components=1 \
 && cp package-lock.json /opt/tiersim/ \
 && cd /opt/tiersim \
 && npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force \
 && chmod 755 bin/tiersim.js

# Run: the package and its production dependencies only; no compiler, no sources, no tests.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
COPY --from=build /opt/tiersim /opt/tiersim
RUN ln -s /opt/tiersim/bin/tiersim.js /usr/local/bin/tiersim
WORKDIR /opt/tiersim
USER node
ENTRYPOINT ["tiersim"]
CMD ["--help"]
