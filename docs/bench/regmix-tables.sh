#!/usr/bin/env bash
# Builds the run tables of the RegMix benchmarks (docs/BENCHMARKS.md) from RegMix's published data with
# `mixopt runs convert`. Generated data is not committed: it goes to .data/regmix (gitignored) unless told.
#   usage: docs/bench/regmix-tables.sh [OUT_DIR]     (env REGMIX_DATA: the data folder, default ../shared/data/regmix)
# Fidelity = proxy size in millions of parameters (1, 60, 1000); cost = relative to a 60M run (1M costs 1/60).
set -euo pipefail
cd "$(dirname "$0")/../.."
data="${REGMIX_DATA:-../shared/data/regmix}"
out="${1:-.data/regmix}"
mkdir -p "$out"
dotnet build src/MixOpt.Cli -c Release -v q -nologo > /dev/null
mixopt() { dotnet src/MixOpt.Cli/bin/Release/net10.0/mixopt.dll "$@"; }

mixopt runs convert --from regmix --mixtures "$data/train_mixture_1m.csv" --metrics "$data/train_pile_loss_1m.csv" --fidelity 1 --cost 1/60 --out "$out/train_1m.csv"
mixopt runs convert --from regmix --mixtures "$data/test_mixture_1m.csv" --metrics "$data/test_pile_loss_1m.csv" --fidelity 1 --cost 1/60 --out "$out/test_1m.csv"
mixopt runs convert --from regmix --mixtures "$data/test_mixture_60m.csv" --metrics "$data/test_pile_loss_60m.csv" --fidelity 60 --cost 1 --out "$out/test_60m.csv"
mixopt runs convert --from regmix --mixtures "$data/test_mixture_1B.csv" --metrics "$data/test_pile_loss_1B.csv" --fidelity 1000 --cost 1000/60 --out "$out/test_1b.csv"
# The pool of the retrospective benchmark: the same 256 test mixtures at 1M (cost 1/60) and at 60M (cost 1).
mixopt runs concat --out "$out/pool.csv" "$out/test_1m.csv" "$out/test_60m.csv"
