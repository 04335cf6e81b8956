/** The DSP pool's workers inside Electron: `utilityProcess.fork` of the worker entry, one service each. */
import { utilityProcess } from 'electron'
import type { WorkerMessage } from '../../shared/worker-protocol'
import type { WorkerHandle, WorkerSpawner } from '../core/worker-spawner'

export function utilitySpawner(workerEntry: string): WorkerSpawner {
  return {
    spawn(index: number): WorkerHandle {
      const child = utilityProcess.fork(workerEntry, [], {
        serviceName: `Soundprint DSP worker ${index + 1}`,
        stdio: 'inherit',
      })
      return {
        get pid() {
          return child.pid
        },
        send: (job) => child.postMessage(job),
        onMessage: (listener) => child.on('message', (msg: WorkerMessage) => listener(msg)),
        onExit: (listener) => child.once('exit', (code) => listener(code, null)),
        kill: () => {
          child.kill()
        },
      }
    },
  }
}
