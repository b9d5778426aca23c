# Reference weights for the Go tests, computed with R survey (Lumley).
#
#   cd scoring/weighting/testdata && Rscript rake.R
#
# Reads sample.csv, margins.csv and joint.csv (written by the Go generator in
# synth_test.go) and writes, with 17 significant digits:
#   r_rake.csv          rake() from equal starting weights
#   r_rake_design.csv   rake() from the design weights dw
#   r_poststratify.csv  postStratify() on sex x age from the design weights dw
#   r_passes.csv        for each raking, the smallest maxit with which rake()
#                       converges: the number of passes it made
# Margins are shares; as in the Go code they are scaled to the number of
# respondents (population.margins = share * n), so weights average 1.
# Convergence: control = list(epsilon = 1e-10, maxit = 100); survey's rake
# reads epsilon < 1 as relative to the sum of the starting weights.

suppressPackageStartupMessages(library(survey))

source("fixture.R")
f <- read_fixture(".")
s <- f$sample
n <- f$n
j <- read.csv("joint.csv", colClasses = c("character", "character", "numeric"))

rake_with <- function(design, maxit) {
  rake(design, f$sample.margins, f$population.margins,
       control = list(epsilon = 1e-10, maxit = maxit))
}

passes <- function(design) {
  for (k in 1:100) {
    ok <- tryCatch({ rake_with(design, k); TRUE }, warning = function(w) FALSE)
    if (ok) return(k)
  }
  NA
}

write_weights <- function(design, file) {
  w <- data.frame(id = s$id, weight = sprintf("%.17g", weights(design)))
  write.csv(w, file, row.names = FALSE, quote = FALSE)
}

equal <- svydesign(ids = ~1, weights = ~one, data = s)
design <- svydesign(ids = ~1, weights = ~dw, data = s)

write_weights(rake_with(equal, 100), "r_rake.csv")
write_weights(rake_with(design, 100), "r_rake_design.csv")

pop <- data.frame(sex = factor(j$sex, levels = levels(s$sex)),
                  age = factor(j$age, levels = levels(s$age)),
                  Freq = j$target * n)
write_weights(postStratify(design, ~sex + age, pop), "r_poststratify.csv")

write.csv(data.frame(case = c("rake", "rake_design"),
                     passes = c(passes(equal), passes(design))),
          "r_passes.csv", row.names = FALSE, quote = FALSE)
