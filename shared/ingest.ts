// The answer of POST /api/v1/events (the HTTP event feed), shared with whatever posts to it.

export interface IngestRejection {
  index: number;
  id?: string;
  reason: string;
}

/** Every element of the request is either in `ids` (written, same order) or in `rejected`. */
export interface IngestResponse {
  accepted: number;
  rejected: IngestRejection[];
  ids: string[];
  /** Set with status 503: why some or all valid events were not written. */
  error?: string;
}
