# Reference values of forecast::dm.test for scoring.DieboldMariano.
#
#   Rscript scoring/testdata/dm_reference.R > scoring/testdata/dm_reference.csv
#
# Needs R with the forecast package (Debian: apt-get install r-base-core
# r-cran-forecast). Each case draws two error series from a fixed seed,
# runs dm.test(e1, e2, alternative = "two.sided", h, power) and writes the
# errors (space-separated) with the statistic and p-value to 17 significant
# digits. Case "fallback" has a negative h = 3 variance, so dm.test falls
# back to h = 1 (with a warning, suppressed here); case "zero" has equal
# loss differences, where dm.test stops: its statistic and p are "error".
suppressPackageStartupMessages(library(forecast))
set.seed(20170423)
fmt <- function(x) sprintf("%.17g", x)
cases <- list()
add <- function(name, e1, e2, h, power) {
  r <- tryCatch(suppressWarnings(dm.test(e1, e2, alternative = "two.sided", h = h, power = power)),
                error = function(err) NULL)
  stat <- if (is.null(r)) "error" else fmt(unname(r$statistic))
  p <- if (is.null(r)) "error" else fmt(r$p.value)
  cases[[length(cases) + 1]] <<- data.frame(case = name, h = h, power = power,
    e1 = paste(fmt(e1), collapse = " "), e2 = paste(fmt(e2), collapse = " "),
    statistic = stat, p_value = p, stringsAsFactors = FALSE)
}
for (n in c(5, 8, 12, 30, 60)) {
  for (h in 1:3) {
    for (power in c(1, 2)) {
      e1 <- rnorm(n, 0.5, 2)
      e2 <- as.numeric(arima.sim(list(ar = 0.5), n, sd = 1.5))
      add(sprintf("n%d_h%d_p%d", n, h, power), e1, e2, h, power)
    }
  }
}
# Alternating loss differences: the lag-1 autocovariance makes the h = 2
# and h = 3 variance negative, and dm.test falls back to h = 1.
add("fallback", c(3, 1, 3, 1, 3, 1, 3, 1), c(1, 3, 1, 3, 1, 3, 1, 2), 2, 1)
# Equal loss differences: zero variance, dm.test stops.
add("zero", c(2, 3, 4, 5), c(1, 2, 3, 4), 1, 1)
# Non-integer power.
add("power1.5", c(0.2, -1.3, 2.1, 0.7, -0.4, 1.8), c(1.1, 0.3, -0.9, 2.2, -1.5, 0.6), 2, 1.5)
write.csv(do.call(rbind, cases), stdout(), row.names = FALSE, quote = TRUE)
