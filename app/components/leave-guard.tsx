// Asks before leaving a page with unsaved input (issue 14 §6): the browser's own prompt when the tab is
// closed or reloaded (beforeunload), and a Chinese confirm for a move inside the app (a link, the step
// bar, the browser's back button), through the router's blocker.
import { useEffect, useRef } from "react";
import { useBlocker, useNavigate } from "@remix-run/react";
import Modal from "antd/es/modal/index.js";

/**
 * Guards leaving while `unsaved()` is true (asked at the moment of leaving, so the caller never has to
 * re-render to arm or disarm it). Returns the element that hosts the confirm: render it once.
 * Only a change of page or of step is guarded (a step's view is unmounted, losing its input); the
 * same location again (a revalidation) is not a departure.
 */
export function useLeaveGuard(unsaved: () => boolean) {
  const [modal, holder] = Modal.useModal();
  const ask = useRef(unsaved);
  ask.current = unsaved;
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      ask.current() && (currentLocation.pathname !== nextLocation.pathname || currentLocation.search !== nextLocation.search),
  );

  // The blocker object is renewed by the router on every change; the question is asked once per block.
  const current = useRef(blocker);
  current.current = blocker;
  const navigate = useNavigate();
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    // Saved meanwhile (e.g. an autosave answered just before): nothing to lose.
    if (!ask.current()) return current.current.proceed?.();
    const destination = blocker.location;
    let answered = false;
    const asked = modal.confirm({
      title: "有尚未保存的内容",
      content: "离开后，刚填写但尚未保存的内容将会丢失。确定离开吗？",
      okText: "离开",
      cancelText: "留在本页",
      onOk: () => ((answered = true), current.current.proceed?.()),
      onCancel: () => ((answered = true), current.current.reset?.()),
    });
    return () => {
      asked.destroy();
      // The router drops a block by itself when a revalidation completes (the autosave answering while
      // the question is open): the person's move is made again rather than lost, and asks again only if
      // something is still unsaved.
      if (!answered && current.current.state === "unblocked" && destination) navigate(destination);
    };
  }, [blocker.state, modal]);

  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!ask.current()) return;
      // Both are needed: preventDefault for current browsers, returnValue for older Chromium and Safari.
      e.preventDefault();
      e.returnValue = "";
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, []);

  return holder;
}
