/* The stage's work, in plain C without the host: tested by tests/test_summary.c. */
#ifndef SUMMARY_H
#define SUMMARY_H

#include <stddef.h>

typedef struct summary {
  long count;
  double mean;
  double min;
  double max;
} summary;

/* Reads one number per line (blank lines are skipped, "\r\n" is accepted) and
 * summarises them. Returns 0 on success; on a line that is not a number returns its
 * 1-based line number and leaves *out untouched. */
long summarise_lines(const char *text, size_t length, summary *out);

/* Writes the summary as one JSON object into buffer; returns what snprintf returns. */
int summary_json(const summary *value, char *buffer, size_t capacity);

#endif
