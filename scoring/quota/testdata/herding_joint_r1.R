# Independent check of the joint herding test (METHODS.md §11): R's
# chisq.test on the counts n × share / 100 of each pollster's final poll of
# the 2017 French presidential first round, over the headline candidates
# (Macron, Le Pen, Fillon, Mélenchon) and Others = 100 − their sum.
# n and the shares were typed from the canonical data (data/fr2017,
# forecasts.csv: the final snapshots of `forecast score`, n the expressed
# base else the number interviewed); TestJointHerdingMatchesR checks they
# are the polls and sizes Diagnose uses.
#
# Run: Rscript herding_joint_r1.R > herding_joint_r1.txt
polls <- read.csv(text = "snapshot,n,MACRON,LE_PEN,FILLON,MELENCHON
20170417_kantar,1178,24,23,18.5,18
20170420_elabe,1137,24,21.5,20,19.5
20170420_ipsos,1401,24,22,19,19
20170420_opinionway,1495,23,22,21,18
supp_20170420_harris_rmc,962,24.5,21,20,19
20170421_bva,1134,23,23,19,19.5
20170421_ifop,2115,24.5,22.5,19.5,18.5
20170421_odoxa,666,24.5,23,19,19")
shares <- as.matrix(polls[, c("MACRON", "LE_PEN", "FILLON", "MELENCHON")])
shares <- cbind(shares, OTHERS = 100 - rowSums(shares))
counts <- polls$n * shares / 100
# Non-integer counts: chisq.test computes the same statistic and warns
# that the χ² approximation may be incorrect only for small expected counts.
t <- suppressWarnings(chisq.test(counts, correct = FALSE))
options(digits = 17)
for (i in seq_len(nrow(polls))) cat("poll", polls$snapshot[i], format(polls$n[i], digits = 17), "\n")
cat("x2", format(unname(t$statistic), digits = 17), "\n")
cat("df", unname(t$parameter), "\n")
cat("p_lower", format(pchisq(unname(t$statistic), unname(t$parameter)), digits = 17), "\n")
cat("p_upper", format(unname(t$p.value), digits = 17), "\n")
cat("R", R.version.string, "\n")
