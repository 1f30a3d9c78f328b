import { ZoomLicenseRequiredError, ZoomSchedulerProfileMissingError, type ZoomSchedulerApi } from '../zoom';

/**
 * Whether Zoom lets a connected user use Scheduler. Zoom connects any Zoom user, but answers every Scheduler
 * call with `401 Invalid license type` for a user without a Scheduler licence and `403 User Not Found` for one
 * who never opened Scheduler (zoom-live.md §B5). `unknown`: Zoom did not say (down, slow, something else); the
 * first real command will tell.
 */
export type SchedulerAccess = 'ok' | 'unlicensed' | 'no-profile' | 'unknown';

/** One `GET /scheduler/users/me` (or the acting user): the cheapest call that every Scheduler user can make. */
export async function checkSchedulerAccess(api: ZoomSchedulerApi): Promise<SchedulerAccess> {
  try {
    await api.getUser();
    return 'ok';
  } catch (error) {
    if (error instanceof ZoomLicenseRequiredError) return 'unlicensed';
    if (error instanceof ZoomSchedulerProfileMissingError) return 'no-profile';
    return 'unknown';
  }
}
