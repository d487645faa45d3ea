// 岗前培训 (manual 三): the training enrolment (workflows/training.yaml) and its payment. The admission's
// approval enrols the expert (`enrol-training`); the payment window, claims, extensions, settlement and
// the opening of courses are this feature's guards and effects.
import type { Feature } from "../types";
import { enrolTraining, extendPaymentWindow, openCourses, openRetakePayment, recordPayment, recordPaymentClaim } from "./effects.server";
import { nothingDue, paymentWindowOpen, paymentWindowPassed } from "./guards";

export const training: Feature = {
  name: "training",
  register(api) {
    api.registerGuard("payment-window-open", paymentWindowOpen);
    api.registerGuard("payment-window-passed", paymentWindowPassed);
    api.registerGuard("nothing-due", nothingDue);
    api.registerEffect("enrol-training", enrolTraining);
    api.registerEffect("record-payment-claim", recordPaymentClaim);
    api.registerEffect("extend-payment-window", extendPaymentWindow);
    api.registerEffect("record-payment", recordPayment);
    api.registerEffect("open-courses", openCourses);
    api.registerEffect("open-retake-payment", openRetakePayment);
  },
};
