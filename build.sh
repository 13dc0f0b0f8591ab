#!/usr/bin/env bash
# The main job: pack AsyncGuard into artifacts/packages, then build the sample app against that package
# as a user would, showing the warnings AsyncGuard reports on it. Works on a fresh machine with the .NET SDK.
set -euo pipefail
cd "$(dirname "$0")"

dotnet pack nuget/AsyncGuard.Package.csproj -c Release -o artifacts/packages --nologo
# The sample has its own package cache; drop AsyncGuard from it so the package just packed is the one used.
rm -rf samples/.packages/asyncguard
dotnet build samples/PriceCrawler/PriceCrawler.csproj -c Release --nologo -p:TreatWarningsAsErrors=false "$@"
