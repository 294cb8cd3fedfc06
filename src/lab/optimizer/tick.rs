//! The optimizer lab's work per frame: computing the rest of a long race in slices, revealing
//! iterations at the chosen speed while playing, and the status line that reports both.

use super::race::RacerRun;
use super::widget::OptimizerLab;

/// Steps computed per slice in a tick, until the tick's time is spent.
pub const RACE_TICK_STEPS: u64 = 4_000;

impl OptimizerLab {
    /// One frame's work (see [`crate::lab::widget::Widget::tick`]).
    pub(super) fn frame_tick(&mut self, now_ms: f64, out_of_time: &mut dyn FnMut() -> bool) -> bool {
        let computed = self.computing();
        if computed {
            // A slice at least, then more while the frame has time.
            loop {
                self.advance_race(RACE_TICK_STEPS);
                // Asked after every slice (the frame's clock decides how many slices fit).
                let spent = out_of_time();
                if spent || !self.computing() {
                    break;
                }
            }
            self.version += 1;
        }
        if !self.playing {
            self.last_tick = None;
            return computed;
        }
        let dt = match self.last_tick {
            Some(t) => ((now_ms - t) / 1000.0).clamp(0.0, 0.1),
            None => 1.0 / 60.0,
        };
        self.last_tick = Some(now_ms);
        self.carry += dt * self.state.speed;
        let steps = self.carry.floor();
        self.carry -= steps;
        if steps >= 1.0 {
            self.state.shown = (self.state.shown + steps as u64).min(self.state.budget);
            self.version += 1;
        }
        if self.state.shown >= self.state.budget {
            self.playing = false;
        }
        computed || steps >= 1.0
    }

    /// The status line: iteration, playing, the race's progress, divergences, the lesson.
    pub(super) fn status_line(&self) -> String {
        let mut s = format!("Iteration {} of {}", self.state.shown, self.state.budget);
        if self.playing {
            s.push_str(" · playing");
        }
        if self.computing() {
            let done: u64 = self.runs.iter().map(|r| r.as_ref().map_or(self.state.budget, RacerRun::steps)).sum();
            let all = self.state.budget * self.state.racers.len() as u64;
            s.push_str(&format!(" · computing the race: {}%", (100 * done / all.max(1)).min(99)));
        }
        for (i, t) in self.trajectories.iter().enumerate() {
            if let (Some(k), Some(note)) = (t.diverged_at, t.exit_note()) {
                if k <= self.state.shown {
                    s.push_str(&format!(" · racer {} {note}", i + 1));
                }
            }
            if let Some(e) = &t.error {
                s.push_str(&format!(" · racer {} cannot run: {e}", i + 1));
            }
        }
        if !self.lesson.is_empty() {
            s.push_str(" — ");
            s.push_str(&self.lesson);
        }
        s
    }
}
