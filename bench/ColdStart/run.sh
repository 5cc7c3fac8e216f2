#!/usr/bin/env bash
# Issue-8/18 cold start, now of the isolated-worker Functions app under the Functions host against empty isolated apps:
# bench/Functions/run.sh --only coldstart (writes bench/ColdStart/latest.md). Usage: bash bench/ColdStart/run.sh [--runs N]
exec bash "$(cd "$(dirname "$0")/.." && pwd)/Functions/run.sh" --only coldstart "$@"
