import { Executor, submitCall, taskModule, type CallFuture } from 'reactive-futures';
import { useFuture } from 'reactive-futures/vue';
import { computed, defineComponent, h, onScopeDispose, shallowRef } from 'vue';

const tasks = taskModule<typeof import('./tasks.js')>(new URL('./tasks.js', import.meta.url));

export const SquareCalculator = defineComponent({
  props: { input: { type: Number, required: true } },
  setup(props) {
    const executor = new Executor();
    onScopeDispose(() => void executor.shutdown()); // when the component unmounts
    const future = shallowRef<CallFuture<number>>();
    const submitted = shallowRef(0);
    const snapshot = useFuture(future); // a shallow ref, unsubscribed on unmount

    const message = computed(() => {
      const current = snapshot.value;
      if (current === undefined) return 'Press Calculate';
      if (current.state === 'completed') return `The square of ${submitted.value} is ${current.result}`;
      return `Calculating square of ${submitted.value} ...`;
    });
    const calculate = (): void => {
      submitted.value = props.input;
      future.value = submitCall(executor, tasks.square, props.input);
    };
    return () =>
      h('div', [
        h('button', { disabled: snapshot.value?.done === false, onClick: calculate }, 'Calculate'),
        h('p', message.value),
      ]);
  },
});
