// Domain status values and enumerations of the expert pool (DESIGN rule 8), shared by models,
// features, routes and the browser. The engine's own constants are in ~/engine/constants.

/** The state an admission application ends in when its applicant joins the pool (fees, training follow). */
export const APPROVED_STATE = "approved";

/** The 入库类型 a batch may allow (its editor shows them as checkboxes). */
export const APPLICATION_TYPES = ["新增", "续聘", "转入"] as const;
