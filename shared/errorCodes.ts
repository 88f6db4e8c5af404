/**
 * Every error the API answers with (`{ok:false, error, message}`): its stable code and its HTTP
 * status. Domain code throws a `DomainError` with one of these codes; the server's one error
 * handler takes the status from here, and the client shows its own message for each code (zh-CN
 * and en), never the server's English `message`.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  malformed_json: 400,
  request_refused: 400,
  not_a_member: 400,
  school_archived: 400,
  import_unreadable: 400,
  import_missing_name_column: 400,
  import_missing_school_column: 400,
  import_too_many_rows: 400,
  invalid_affiliation: 400,
  invalid_version_name: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  forbidden: 403,
  wrong_password: 403,
  cross_site_request: 403,
  not_comment_author: 403,
  not_found: 404,
  conflict: 409,
  not_final: 409,
  not_signed: 409,
  not_a_plan: 409,
  not_a_common_plan: 409,
  not_personal: 409,
  personal_exists: 409,
  plan_exists: 409,
  invalid_transition: 409,
  version_missing: 409,
  plan_signed: 409,
  no_plan_header: 409,
  up_to_date: 409,
  last_alliance_admin: 409,
  already_set_up: 409,
  username_taken: 409,
  phone_taken: 409,
  group_archived: 409,
  thread_resolved: 409,
  thread_open: 409,
  session_ended: 409,
  agenda_empty: 409,
  agenda_finished: 409,
  vote_already_open: 409,
  vote_closed: 409,
  link_invalid: 410,
  affiliation_overlap: 409,
  too_large: 413,
  docx_too_large: 413,
  docx_unpacked_too_large: 413,
  invalid_plan_content: 422,
  docx_not_word: 422,
  docx_encrypted: 422,
  too_many_requests: 429,
  quota_exceeded: 429,
  internal: 500,
  unavailable: 503,
  shutting_down: 503,
  pdf_unavailable: 503,
} as const satisfies Record<string, number>

/** A stable error code of the API. */
export type ErrorCode = keyof typeof ERROR_STATUS

/** Whether `value` is one of the API's error codes. */
export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_STATUS, value)
}
