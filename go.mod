module github.com/custodianhq/custodian

go 1.25.0

require (
	cel.dev/cel-go v0.33.2 // indirect
	github.com/stretchr/testify v1.12.1 // indirect
	go.yaml.in/yaml/v3 v3.0.6 // indirect
)
