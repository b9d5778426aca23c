# Times R survey's rake on a synthetic sample, for comparison with
# BenchmarkRake100k and with the whole `forecast diagnose weights` process.
#
#   go test ./scoring/weighting -run TestSyntheticFiles -synth /tmp/w100k -synth.n 100000
#   Rscript scoring/weighting/testdata/bench.R /tmp/w100k
#
# Prints the time of rake() alone (median of 5 runs) and of the whole script
# run (reading, raking, writing), and writes DIR/r_weights.csv.

t0 <- proc.time()[["elapsed"]]
suppressPackageStartupMessages(library(survey))
dir <- commandArgs(trailingOnly = TRUE)[1]
source(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(), value = TRUE))), "fixture.R"))
f <- read_fixture(dir)
s <- f$sample
d0 <- svydesign(ids = ~1, weights = ~one, data = s)
rake_once <- function() rake(d0, f$sample.margins, f$population.margins,
                             control = list(epsilon = 1e-10, maxit = 100))
times <- replicate(5, system.time(r <<- rake_once())[["elapsed"]])
w <- data.frame(id = s$id, weight = sprintf("%.17g", weights(r)))
write.csv(w, file.path(dir, "r_weights.csv"), row.names = FALSE, quote = FALSE)
cat(sprintf("rake(): median %.3f s over 5 runs (%s)\n", median(times), paste(sprintf("%.3f", times), collapse = " ")))
cat(sprintf("whole script (with 5 rakes): %.3f s\n", proc.time()[["elapsed"]] - t0))
