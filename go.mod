module forecast

go 1.26

require (
	github.com/go-gota/gota v0.12.0
	github.com/spf13/cobra v1.10.2
	gonum.org/v1/gonum v0.17.0
)

require (
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	github.com/spf13/pflag v1.0.9 // indirect
	golang.org/x/net v0.0.0-20210423184538-5f58ad60dda6 // indirect
)
