# Thin aliases for ./dev (the script works where make is not installed).
.PHONY: run test stop demo lint psql bench
run:
	./dev run
test:
	./dev test
stop:
	./dev stop
demo:
	./dev demo
lint:
	./dev lint
psql:
	./dev psql
bench:
	./dev bench
