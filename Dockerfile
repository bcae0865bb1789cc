# syntax=docker/dockerfile:1
# Build: the SDK image restores and publishes the `ingestor` executable.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props BannedSymbols.txt Ingestor.sln ./
COPY src/Ingestor/Ingestor.csproj src/Ingestor/
COPY src/Ingestor.Host/Ingestor.Host.csproj src/Ingestor.Host/
RUN dotnet restore src/Ingestor.Host/Ingestor.Host.csproj
COPY src/ src/
RUN dotnet publish src/Ingestor.Host/Ingestor.Host.csproj --configuration Release --no-restore --output /app

# Run: the ASP.NET runtime only, as the image's non-root `app` user.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /data/inbox \
    && chown -R app:app /data
WORKDIR /app
COPY --from=build /app ./
COPY config/ ./config/
ENV INGESTOR_DATA=/data \
    INGESTOR_CONFIG=/app/config \
    ASPNETCORE_URLS=http://0.0.0.0:5080 \
    DOTNET_gcServer=0 \
    DOTNET_TC_QuickJitForLoops=0
# DOTNET_TC_QuickJitForLoops=0: the container runs the long-lived worker, where methods with loops compiled fully
# optimized at once ingest 15-20 % faster (docs/performance.md); short CLI commands start faster without it.
USER app
VOLUME ["/data"]
EXPOSE 5080
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD curl --fail --silent http://127.0.0.1:5080/healthz || exit 1
ENTRYPOINT ["dotnet", "/app/ingestor.dll"]
CMD ["run"]
