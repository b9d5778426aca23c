# Reads a synthetic sample and its margins (written by synth_test.go) for
# rake.R and bench.R: the sample with its quota variables as factors, the
# raking formulas and population margins (shares scaled to n, as the Go code
# does), and equal starting weights in the column one.
read_fixture <- function(dir) {
  s <- read.csv(file.path(dir, "sample.csv"), colClasses = "character")
  s$dw <- as.numeric(s$dw)
  s$one <- 1
  m <- read.csv(file.path(dir, "margins.csv"), colClasses = c("character", "character", "numeric"))
  n <- nrow(s)
  vars <- unique(m$variable)
  for (v in vars) s[[v]] <- factor(s[[v]], levels = m$category[m$variable == v])
  list(
    sample = s,
    n = n,
    sample.margins = lapply(vars, function(v) as.formula(paste("~", v))),
    population.margins = lapply(vars, function(v) {
      x <- m[m$variable == v, ]
      d <- data.frame(factor(x$category, levels = x$category), x$target * n)
      names(d) <- c(v, "Freq")
      d
    })
  )
}
