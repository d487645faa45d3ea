// The input sizes of the hand-written account forms, in a leaf module: a page that needs only these (登录,
// 注册, 忘记密码) then loads none of the field rules' code (validation.ts re-exports them).

/**
 * How many characters a phone input takes: room for a pasted `0086 138 0013 8000` (18), which the server
 * and the browser then normalise to 11 digits (normalizePhone). A cap of 11 cut such pastes.
 */
export const PHONE_INPUT_MAX = 20;

/** 姓名 at most this many characters (code points: a rare character such as 𠮷 is one). */
export const NAME_MAX = 50;
