import { ApiProblem } from '../../shared/problem.js';
import { useWallet } from '../context.js';
import type { Goal } from '../types.js';

/** The member's goal, or null when they save for nothing (the API answers 404 `goal_not_found`). */
export async function readGoal(read: () => Promise<Goal>): Promise<Goal | null> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ApiProblem && error.code === 'goal_not_found') return null;
    throw error;
  }
}

interface GoalCardProps {
  readonly goal: Goal;
  /** Whether the member reserved the item since saving for it: the goal is then reached. */
  readonly reserved: boolean;
  readonly onReserve: () => void;
  readonly onStop: () => void;
}

/**
 * The catalogue item the member saves for: the points they hold towards its price as a progress
 * bar, the points still missing, the network's gift of the last points when it gave them, and a
 * way to reserve it once affordable or to stop saving.
 */
export function GoalCard({ goal, reserved, onReserve, onStop }: GoalCardProps) {
  const { t, format } = useWallet();
  const held = goal.pointsPrice - goal.pointsToGo;
  return (
    <section aria-labelledby="goal-title" class="gifts" data-testid="goal">
      <h2 id="goal-title">{t('goal.title')}</h2>
      <p>
        <strong>{goal.title}</strong>
      </p>
      {goal.gift !== null && (
        <p class="callout">
          {t('goal.gift', { points: format.points(goal.gift.points), title: goal.title })}
        </p>
      )}
      {reserved ? (
        <p>{t('goal.reserved')}</p>
      ) : (
        <>
          <label for="goal-progress">
            {t('goal.progress', { held: format.points(held), price: format.points(goal.pointsPrice) })}
          </label>
          <progress id="goal-progress" max={goal.pointsPrice} value={held}>
            {format.percent(goal.pointsPrice === 0 ? 100 : (held * 100) / goal.pointsPrice)}
          </progress>
          <p data-testid="goal-to-go">
            {goal.pointsToGo > 0
              ? t('goal.toGo', { points: format.points(goal.pointsToGo) })
              : t('goal.reached')}
          </p>
        </>
      )}
      <p class="goal-actions">
        {!reserved && goal.pointsToGo === 0 && (
          <button type="button" class="primary" onClick={onReserve}>
            {t('goal.reserve')}
          </button>
        )}
        <button type="button" class="danger" onClick={onStop}>
          {reserved ? t('goal.done') : t('goal.stop')}
        </button>
      </p>
    </section>
  );
}
