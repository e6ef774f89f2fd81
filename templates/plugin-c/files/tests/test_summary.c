/* Unit test of the stage's work, without a host: `make test`. */
#include <stdio.h>
#include <string.h>

#include "summary.h"

static int failures = 0;

static void expect(int condition, const char *what) {
  if (!condition) {
    fprintf(stderr, "FAILED: %s\n", what);
    failures++;
  }
}

int main(void) {
  summary result;
  const char *numbers = "1\n\n2.5\r\n-0.5\n";
  expect(summarise_lines(numbers, strlen(numbers), &result) == 0, "numbers are read");
  expect(result.count == 3, "blank lines are skipped");
  expect(result.mean == 1.0 && result.min == -0.5 && result.max == 2.5, "mean, min and max");

  const char *bad = "1\ntwo\n3\n";
  expect(summarise_lines(bad, strlen(bad), &result) == 2, "a line that is not a number is reported by its line number");

  char json[256];
  summary known = {2, 1.5, 1.0, 2.0};
  summary_json(&known, json, sizeof json);
  expect(strcmp(json, "{\"count\":2,\"max\":2,\"mean\":1.5,\"min\":1}") == 0, "the report is JSON");

  if (failures == 0) printf("all summary tests passed\n");
  return failures == 0 ? 0 : 1;
}
