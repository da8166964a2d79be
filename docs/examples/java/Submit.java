// Submit one plan-review job to planreview and print the verdict (the RabbitMQ Java client).
//
//   apt-get install librabbitmq-client-java      # Debian: /usr/share/java/amqp-client.jar (+ slf4j)
//   CP=/usr/share/java/amqp-client.jar:/usr/share/java/slf4j-api.jar
//   javac -cp $CP -d out Submit.java
//   AMQP_URL=amqp://guest:guest@127.0.0.1:5672/%2F java -cp $CP:out Submit ../../../Config/samples/example-holbaek.json
//
// The same steps as the Python example: the contract's envelope (message_id = jobId, correlation_id,
// reply_to, content type, type, persistent, timestamp), publisher confirms with `mandatory` (a job no
// queue takes is an error, not a silent loss), and the result from a server-named exclusive reply queue
// matched by correlation_id. Exit status 0 when a result arrived, 1 otherwise.
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class Submit {
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: Submit JOB.json [--prefix P] [--timeout SECONDS]");
            System.exit(2);
        }
        String prefix = "planreview";
        double timeout = 30;
        for (int i = 1; i + 1 < args.length; i += 2) {
            if (args[i].equals("--prefix")) prefix = args[i + 1];
            else if (args[i].equals("--timeout")) timeout = Double.parseDouble(args[i + 1]);
        }
        byte[] body = Files.readAllBytes(Paths.get(args[0]));
        // The job id from the body (a JSON library would do this in a real system).
        Matcher m = Pattern.compile("\"jobId\"\\s*:\\s*\"([^\"]*)\"").matcher(new String(body, StandardCharsets.UTF_8));
        String jobId = m.find() ? m.group(1) : UUID.randomUUID().toString();
        String correlationId = UUID.randomUUID().toString();

        ConnectionFactory factory = new ConnectionFactory();
        String url = System.getenv("AMQP_URL");
        factory.setUri(url != null ? url : "amqp://guest:guest@127.0.0.1:5672/%2F");
        try (Connection connection = factory.newConnection("planreview java example")) {
            Channel channel = connection.createChannel();
            channel.confirmSelect();
            String replyQueue = channel.queueDeclare("", false, true, true, null).getQueue();
            AtomicBoolean returned = new AtomicBoolean(false);
            channel.addReturnListener(r -> returned.set(true));

            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .messageId(jobId).correlationId(correlationId).replyTo(replyQueue)
                .contentType("application/json").type("planreview.job.v1").deliveryMode(2)
                .timestamp(new Date()).build();
            channel.basicPublish(prefix + ".jobs", "job", true, properties, body);
            channel.waitForConfirmsOrDie(10_000);
            if (returned.get()) {
                System.err.println("job " + jobId + ": no queue took it (is the topology declared?)");
                System.exit(1);
            }

            long deadline = System.nanoTime() + (long) (timeout * 1e9);
            while (System.nanoTime() < deadline) {
                GetResponse response = channel.basicGet(replyQueue, true);
                if (response == null) {
                    Thread.sleep(100);
                    continue;
                }
                if (!correlationId.equals(response.getProps().getCorrelationId())) continue;
                String result = new String(response.getBody(), StandardCharsets.UTF_8);
                // The verdict is also in a header, so a consumer can route on it without parsing the body.
                Object status = response.getProps().getHeaders() == null ? null : response.getProps().getHeaders().get("x-planreview-status");
                Matcher overall = Pattern.compile("\"overall\"\\s*:\\s*([0-9.]+)").matcher(result);
                String line = jobId + ": " + (status != null ? status.toString() : "?");
                if (overall.find()) line += " (score " + overall.group(1) + ")";
                System.out.println(line);
                System.exit(0);
            }
            System.err.println("job " + jobId + ": no result within " + timeout + " s");
            System.exit(1);
        }
    }
}
