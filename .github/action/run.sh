#!/usr/bin/env bash
# The GitHub Action's work (action.yml): the organisation rules' tests when asked, then
# `cclint check --format github` (annotations, and every finding in the log), then the
# scorecard into the job summary. Every step runs, so the summary is written even when
# the check fails; the step's exit code is the worst of them (2 over 1 over 0).
set -uo pipefail

read -r -a paths <<< "${INPUT_PATH:-.}"
read -r -a args <<< "${INPUT_ARGS:-}"
status=0
worst() {
  if [ "$1" -gt "$status" ]; then
    status=$1
  fi
}

if [ "${INPUT_TEST:-false}" = true ]; then
  cclint test --coverage
  worst $?
fi

cclint check "${paths[@]}" --format github "${args[@]}"
worst $?

fail_under=()
if [ -n "${INPUT_FAIL_UNDER:-}" ]; then
  fail_under=(--fail-under "$INPUT_FAIL_UNDER")
fi
summary=/dev/null
if [ "${INPUT_SCORECARD:-true}" = true ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  summary=$GITHUB_STEP_SUMMARY
fi
if [ "$summary" != /dev/null ] || [ ${#fail_under[@]} -gt 0 ]; then
  cclint scorecard "${paths[@]}" --format markdown "${fail_under[@]}" >> "$summary"
  code=$?
  if [ "$code" -eq 1 ]; then
    where="the job summary shows"
    if [ "$summary" = /dev/null ]; then
      where="\`cclint scorecard\` shows"
    fi
    echo "::error::the customer scorecard's grade is below ${INPUT_FAIL_UNDER}; ${where} which tests fail and why"
  fi
  worst $code
fi
exit "$status"
