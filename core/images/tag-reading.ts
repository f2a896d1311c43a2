/** One thing a tag says: a fact key and value, and a note when the value is looked up rather than read. */
export interface TagReading {
  key: string;
  value: string;
  /** Where a looked-up value comes from, e.g. `tritonserver 24.05 release notes`. */
  note?: string;
}
