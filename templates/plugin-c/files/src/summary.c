#include "summary.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long summarise_lines(const char *text, size_t length, summary *out) {
  summary result = {0, 0.0, 0.0, 0.0};
  double total = 0.0;
  long line = 0;
  size_t start = 0;
  for (size_t i = 0; i <= length; i++) {
    if (i < length && text[i] != '\n') continue;
    line++;
    size_t end = i;
    if (end > start && text[end - 1] == '\r') end--;
    if (end > start) {
      /* strtod needs a terminated string; a line longer than this is no number. */
      char field[64];
      size_t size = end - start;
      if (size >= sizeof field) return line;
      memcpy(field, text + start, size);
      field[size] = '\0';
      char *rest = NULL;
      double value = strtod(field, &rest);
      while (rest != NULL && (*rest == ' ' || *rest == '\t')) rest++;
      if (rest == field || rest == NULL || *rest != '\0' || isnan(value)) return line;
      if (result.count == 0 || value < result.min) result.min = value;
      if (result.count == 0 || value > result.max) result.max = value;
      total += value;
      result.count++;
    }
    start = i + 1;
  }
  result.mean = result.count > 0 ? total / (double)result.count : 0.0;
  *out = result;
  return 0;
}

int summary_json(const summary *value, char *buffer, size_t capacity) {
  return snprintf(buffer, capacity, "{\"count\":%ld,\"max\":%.17g,\"mean\":%.17g,\"min\":%.17g}",
                  value->count, value->max, value->mean, value->min);
}
