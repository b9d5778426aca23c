package main

import (
	"os/exec"
	"testing"
)

// runScript runs a shell script with bash and returns its combined output.
func runScript(t *testing.T, script string, args ...string) ([]byte, error) {
	t.Helper()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is absent")
	}
	return exec.Command("bash", append([]string{script}, args...)...).CombinedOutput()
}
