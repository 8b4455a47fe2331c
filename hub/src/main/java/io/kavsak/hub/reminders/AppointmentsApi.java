package io.kavsak.hub.reminders;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.tenant.TenantRegistry;
import io.kavsak.hub.web.ApiProblem;
import io.kavsak.hub.web.Caller;
import io.kavsak.hub.web.JsonRequest;
import jakarta.validation.Validator;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * Appointments over REST for back ends (role {@code service}): the product's back end books an appointment for
 * its user and Kavsak reminds them. The tenant is always the verified caller's.
 */
@Component("appointmentsApi")
public class AppointmentsApi {

    public static final String ID = "^[A-Za-z0-9._~:@+=-]{1,200}$";
    public static final String ID_RULE = "1 to 200 letters, digits or ._~:@+=-";
    private static final java.util.regex.Pattern ID_PATTERN = java.util.regex.Pattern.compile(ID);

    private final Appointments appointments;
    private final Map<String, ReminderChannel> channels;
    private final ObjectMapper json;
    private final Validator validator;
    private final TenantRegistry tenants;

    public AppointmentsApi(Appointments appointments, List<ReminderChannel> channels, ObjectMapper json,
                           Validator validator, TenantRegistry tenants) {
        this.appointments = appointments;
        this.channels = channels.stream().collect(Collectors.toMap(ReminderChannel::name, Function.identity(),
                (a, b) -> a, TreeMap::new));
        this.json = json;
        this.validator = validator;
        this.tenants = tenants;
    }

    public AppointmentView save(Exchange exchange, @Header("appointmentId") String appointmentId) {
        String tenant = tenants.requireActive(tenantOf(exchange));
        valid(appointmentId);
        AppointmentRequest request = JsonRequest.typed(json, validator, exchange.getMessage().getBody(String.class),
                AppointmentRequest.class);
        if (!request.startsAt().toInstant().isAfter(Instant.now())) {
            throw ApiProblem.badRequest("starts_at", "starts_at must be in the future");
        }
        ZoneId zone;
        try {
            zone = request.timeZone() == null ? request.startsAt().getOffset() : ZoneId.of(request.timeZone());
        } catch (DateTimeException e) {
            throw ApiProblem.badRequest("time_zone", "'time_zone' must be an IANA time zone such as Europe/Istanbul");
        }
        List<String> names = request.channels().stream().distinct().toList();
        for (String name : names) {
            ReminderChannel channel = channels.get(name);
            if (channel == null) {
                throw ApiProblem.badRequest("channels", "'channels' may hold " + channels.keySet() + ", not '" + name + "'");
            }
            channel.check(request);
        }
        boolean created = appointments.save(tenant, appointmentId, request, zone, names);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, created ? 201 : 200);
        return appointments.find(tenant, appointmentId).orElseThrow();
    }

    public AppointmentView get(Exchange exchange, @Header("appointmentId") String appointmentId) {
        String tenant = tenantOf(exchange);
        return appointments.find(tenant, valid(appointmentId))
                .orElseThrow(() -> ApiProblem.notFound("Appointment " + appointmentId));
    }

    public AppointmentCancelled cancel(Exchange exchange, @Header("appointmentId") String appointmentId) {
        String tenant = tenantOf(exchange);
        int removed = appointments.cancel(tenant, valid(appointmentId))
                .orElseThrow(() -> ApiProblem.notFound("Appointment " + appointmentId));
        return new AppointmentCancelled(appointmentId, removed);
    }

    private static String tenantOf(Exchange exchange) {
        Caller caller = Caller.of(exchange);
        caller.requireAny(Caller.SERVICE);
        return caller.ownTenant();
    }

    private static String valid(String appointmentId) {
        if (appointmentId == null || !ID_PATTERN.matcher(appointmentId).matches()) {
            throw ApiProblem.badRequest("appointmentId", ID_RULE);
        }
        return appointmentId;
    }
}
